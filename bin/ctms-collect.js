#!/usr/bin/env node
// Runs the TypeScript command line through tsx so `npm ci` is all a user needs.
require('tsx/cjs');
require('../src/cli/main.ts').run();
