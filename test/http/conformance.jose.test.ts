import { httpConformance } from './conformance-target.js';

httpConformance('jose');
