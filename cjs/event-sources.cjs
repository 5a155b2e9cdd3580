'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/event-sources', '../dist/src/protocol/eventSources/index.js');
