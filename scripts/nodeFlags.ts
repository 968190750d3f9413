// Node options for the portal process. A larger young generation means fewer garbage collections
// while pages are rendered (each page allocates a few hundred kB that die at once); measured by
// `npm run bench` as a few per cent more pages served.
export const WEB_NODE_FLAGS = ['--max-semi-space-size=32'];
