import { mockConformance } from './mock-target.js';

mockConformance('jose');
