import fs from "node:fs";

// cli/package.json sits one folder up from both src/ (a checkout) and dist/ (the bundle).
export const VERSION: string = (() => {
  try {
    return JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
})();
