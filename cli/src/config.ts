import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type SavedLogin = { username: string; token: string };
type TokenFile = Record<string, SavedLogin>;

/** $XDG_CONFIG_HOME/mreg (default ~/.config/mreg): where logins are cached, per server. */
export function configDir(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "mreg");
}

const tokenFile = () => path.join(configDir(), "tokens.json");

function readTokens(): TokenFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(tokenFile(), "utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

export function loadLogin(master: string): SavedLogin | undefined {
  return readTokens()[master];
}

/** Tokens are credentials: the folder is 0700 and the file 0600, written atomically. */
export function saveLogin(master: string, login: SavedLogin | undefined): void {
  const all = readTokens();
  if (login) all[master] = login;
  else delete all[master];
  fs.mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  const tmp = `${tokenFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(all, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, tokenFile());
}
