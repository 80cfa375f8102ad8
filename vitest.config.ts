import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Integration files each start DynamoDB Local (Java) and an SQS server; two at a time fit 2 cores.
    maxWorkers: 2,
    // Bounds on a hang, not speed goals (no test times anything): a 2-core machine shared with other
    // suites runs at a load of 25, where a test of 150 deliveries or a Java start takes minutes.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', 'junit'],
    // A passing test prints nothing; a failing one keeps everything it logged, next to its failure.
    silent: 'passed-only',
    env: {
      // Powertools writes through the global console in dev mode, which vitest captures per test (else it writes to stdout itself).
      POWERTOOLS_DEV: 'true',
      // Dev mode would also turn metrics off; the tests keep them as in Lambda (the soak scans them for personal data).
      POWERTOOLS_METRICS_DISABLED: 'false',
      // These machines run Node 20; Lambda runs Node 22 (infra/topology.ts). The SDK's warning says so once per worker.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    outputFile: { junit: '.test-results/junit.xml' },
  },
});
