'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/protocol', '../dist/src/protocol/index.js');
