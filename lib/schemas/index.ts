export * from "./limits";
export * from "./common";
export * from "./model";
export * from "./version";
export * from "./checkpoint";
export * from "./auth";
export * from "./history";
export * from "./users";
