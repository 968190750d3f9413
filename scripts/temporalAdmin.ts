// Operator tasks on a Temporal server: register the case search attributes (and, for tests, a
// namespace of their own). Used by the start command and by the test stack.
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { caseSearchAttributes } from '../temporal.config';

export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = caseSearchAttributes.filter((k) => !(customAttributes && k.name in customAttributes));
  if (missing.length === 0) return;
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, proto.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
}

/** A fresh namespace with the case search attributes, ready to use. */
export async function registerNamespace(client: Client, namespace: string): Promise<void> {
  await client.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  for (let i = 0; ; i++) {
    try {
      await client.connection.workflowService.describeNamespace({ namespace });
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await ensureSearchAttributes(client, namespace);
}
