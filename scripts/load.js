#!/usr/bin/env node
'use strict';
/**
 * Runs a command while every core is kept busy, to show that tests do not depend on timing.
 *
 *   node scripts/load.js npm test
 *   node scripts/load.js npx jest test/taskpane
 *   node scripts/load.js --workers 4 npx jest
 *
 * Starts one busy-looping child process per core (os.availableParallelism(), or --workers N), runs the
 * command with inherited stdio, then stops the busy children and exits with the command's exit code.
 * The busy children also stop on their own if this process dies (they watch their parent), so the
 * load never outlives the command it wraps.
 */
const { spawn, fork } = require('node:child_process');
const os = require('node:os');

if (process.argv[2] === '--busy-child') {
  // Busy loop in slices, so the parent-is-gone check and signals still get a turn.
  const parent = process.ppid;
  const spin = () => {
    const until = Date.now() + 200;
    let x = 0;
    while (Date.now() < until) x = (x * 1103515245 + 12345) % 2147483648;
    try { process.kill(parent, 0); } catch { process.exit(0); }
    setImmediate(spin);
  };
  spin();
  return;
}

let args = process.argv.slice(2);
let workers = (os.availableParallelism ? os.availableParallelism() : os.cpus().length);
if (args[0] === '--workers') {
  workers = Number(args[1]);
  args = args.slice(2);
  if (!Number.isInteger(workers) || workers < 1) {
    console.error('load: --workers needs a whole number of at least 1');
    process.exit(2);
  }
}
if (args.length === 0) {
  console.error('usage: node scripts/load.js [--workers N] <command> [args...]');
  process.exit(2);
}

const busy = Array.from({ length: workers }, () => fork(__filename, ['--busy-child'], { stdio: 'ignore' }));
const stopBusy = () => { for (const b of busy) if (b.exitCode === null) b.kill('SIGKILL'); };
console.error(`load: ${workers} busy process(es) running while: ${args.join(' ')}`);

const started = Date.now();
const child = spawn(args[0], args.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { child.kill(sig); });
child.on('error', (err) => {
  stopBusy();
  console.error(`load: could not start ${args[0]}: ${err.message}`);
  process.exit(2);
});
child.on('exit', (code, signal) => {
  stopBusy();
  console.error(`load: command ${signal ? `stopped by ${signal}` : `exited ${code}`} after ${((Date.now() - started) / 1000).toFixed(1)} s under load`);
  process.exit(code ?? 1);
});
process.on('exit', stopBusy);
