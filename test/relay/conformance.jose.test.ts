import { relayConformance } from './conformance-target.js';

relayConformance('jose');
