// Loaded into the server by bench/edit-load.ts (node --require): SIGUSR2 starts a CPU
// profile, the next SIGUSR2 writes it to $EDIT_PROFILE/edit-<pid>-<time>.cpuprofile,
// so the profile holds the measured phase only, not start-up. (--cpu-prof covers the
// whole process and is refused in NODE_OPTIONS.)
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const session = new inspector.Session();
session.connect();
let running = false;
process.on("SIGUSR2", () => {
  if (!running) {
    running = true;
    session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start")));
    return;
  }
  running = false;
  session.post("Profiler.stop", (err, { profile }) => {
    if (err) return console.error(err);
    fs.mkdirSync(process.env.EDIT_PROFILE, { recursive: true });
    fs.writeFileSync(path.join(process.env.EDIT_PROFILE, `edit-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
  });
});
