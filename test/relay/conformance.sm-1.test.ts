import { relayConformance } from './conformance-target.js';

relayConformance('sm', { index: 1, count: 2 });
