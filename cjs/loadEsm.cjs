'use strict';
// statebridge is an ES module package. These CommonJS entry points answer require('statebridge'): on a
// Node.js that can require() ES modules (20.19+, 22.12+) they return the module; on one that cannot they
// throw an error saying how to import it instead of Node's ERR_PACKAGE_PATH_NOT_EXPORTED.
module.exports = function loadEsm(specifier, path) {
  try {
    return require(path);
  } catch (error) {
    const code = error && error.code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    const message =
      `${specifier} is an ES module package and this Node.js cannot require() it. ` +
      `Import it from an ES module: import { createRuntime } from '${specifier}' in a .mjs file ` +
      `(or set "type": "module" in package.json), or use await import('${specifier}') from CommonJS.`;
    throw Object.assign(new Error(message, { cause: error }), { code: 'ERR_REQUIRE_ESM' });
  }
};
