import { relayConformance } from './conformance-target.js';

relayConformance('sm', { index: 2, count: 2 });
