import { httpConformance } from './conformance-target.js';

// The sm suite over http signs with SM2 in pure JS both ways: three shards, three workers.
httpConformance('sm', { index: 3, count: 3 });
