// @stryker-mutator/mocha-runner 9.6.1 requires Mocha's cli internals without an extension
// (`mocha/lib/cli/run-helpers`, `.../options`); Mocha 12 ships them as `.cjs`, so the plugin fails to load.
// Fixed upstream (stryker-js pull request 6205) but not released; Stryker 10 needs Node 22, this project
// runs on Node 20. Until then, retry exactly those requests with `.cjs`. Loaded by stryker.config.mjs (main
// process) and through testRunnerNodeArgs and checkerNodeArgs (child processes).
const Module = require('node:module');

const mochaCliInternal = /[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (error) {
    if (mochaCliInternal.test(request)) return resolveFilename.call(this, `${request}.cjs`, ...rest);
    throw error;
  }
};
