import { mockConformance } from './mock-target.js';

mockConformance('sm');
