export * from "./common";
export * from "./models";
export * from "./versions";
export * from "./checkpoints";
export * from "./messages";
export * from "./workspaces";
export * from "./storage";
