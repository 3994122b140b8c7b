/** `npm run bench` runs this file (see package.json); the benchmark lives in ./run.ts. */
import './run.js';
