// The one place that names Temporal's task queue, namespace, address and search attributes.
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from './config';

export { caseSearchAttributes } from './workflows/searchAttributes';

export const caseWorkflowId = (reference: string) => `case-${reference}`;

/**
 * Connection options for client and worker. TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_* and a temporal.toml profile (TEMPORAL_PROFILE) are honoured through Temporal's own
 * environment configuration, so pointing at Temporal Cloud or a self-hosted cluster is configuration only.
 */
export function temporalConnection(config: AppConfig): { connection: NativeConnectionOptions; namespace: string } {
  const loaded = loadClientConnectConfig({ profile: process.env.TEMPORAL_PROFILE });
  // The embedded dev server's address is ours to choose (TEMPORAL_DEV_PORT), whatever a profile says.
  const options = loaded.connectionOptions;
  return {
    connection: {
      ...options,
      address: config.temporal.embedded ? config.temporal.address : (options.address ?? config.temporal.address),
    },
    namespace: loaded.namespace ?? config.temporal.namespace,
  };
}
