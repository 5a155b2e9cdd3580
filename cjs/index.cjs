'use strict';
module.exports = require('./loadEsm.cjs')('statebridge', '../dist/src/index.js');
