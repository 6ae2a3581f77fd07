import {
  AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  ResourcePatternTypes,
} from 'kafkajs';
import { withAdmin } from '../client/with-admin';
import { AccessOperation, AccessResource, AccessRule, ruleKey } from './access-rules';

const OPERATIONS: Record<AccessOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  delete: AclOperationTypes.DELETE,
  alter: AclOperationTypes.ALTER,
  describe: AclOperationTypes.DESCRIBE,
  'describe-configs': AclOperationTypes.DESCRIBE_CONFIGS,
  'alter-configs': AclOperationTypes.ALTER_CONFIGS,
  'idempotent-write': AclOperationTypes.IDEMPOTENT_WRITE,
};

const RESOURCES: Record<AccessResource, AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
};

const byValue = <K extends string, V>(record: Record<K, V>) =>
  new Map((Object.entries(record) as [K, V][]).map(([k, v]) => [v, k]));
const OPERATION_NAMES = byValue(OPERATIONS);
const RESOURCE_NAMES = byValue(RESOURCES);

export interface AccessRulesApplied {
  readonly created: number;
  readonly removed: number;
}

/**
 * Makes the ACLs of `principals` exactly `rules`: creates what is missing and deletes allow rules those principals
 * hold beyond them, so narrowing a principal's rights in code narrows them on the next `up`. Other principals'
 * ACLs are left alone.
 */
export async function applyAccessRules(
  brokers: readonly string[],
  principals: readonly string[],
  rules: readonly AccessRule[],
): Promise<AccessRulesApplied> {
  return withAdmin({ brokers, clientId: 'shopstream-acls' }, async (admin) => {
    const wanted = new Map(
      rules.flatMap((r) => r.operations.map((op) => [ruleKey(r, op), toEntry(r, op)] as const)),
    );
    const granted = new Map<string, AclEntry>();
    for (const principal of principals) {
      for (const rule of await describe(admin, principal))
        granted.set(ruleKey(rule, rule.operations[0]!), toEntry(rule, rule.operations[0]!));
    }
    const missing = [...wanted].filter(([key]) => !granted.has(key)).map(([, entry]) => entry);
    const extra = [...granted].filter(([key]) => !wanted.has(key)).map(([, entry]) => entry);
    if (missing.length > 0) await admin.createAcls({ acl: missing });
    if (extra.length > 0) await admin.deleteAcls({ filters: extra });
    return { created: missing.length, removed: extra.length };
  });
}

/** The allow rules a principal holds, one operation each. */
export async function describeAccessRules(
  brokers: readonly string[],
  principal: string,
): Promise<AccessRule[]> {
  return withAdmin({ brokers, clientId: 'shopstream-acls' }, (admin) => describe(admin, principal));
}

async function describe(admin: Admin, principal: string): Promise<AccessRule[]> {
  const answer = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal: `User:${principal}`,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return answer.resources.flatMap((resource) =>
    resource.acls.flatMap((acl) => {
      const operation = OPERATION_NAMES.get(acl.operation);
      const type = RESOURCE_NAMES.get(resource.resourceType);
      // A rule someone added by hand with an operation we never grant (ALL, say) is reported as is by the broker
      // tools; here it has no name and stays untouched.
      if (!operation || !type) return [];
      return [
        {
          principal,
          resource: type,
          name: resource.resourceName,
          match: resource.resourcePatternType === ResourcePatternTypes.PREFIXED ? 'prefixed' : 'literal',
          operations: [operation],
        } satisfies AccessRule,
      ];
    }),
  );
}

function toEntry(rule: AccessRule, operation: AccessOperation): AclEntry {
  return {
    resourceType: RESOURCES[rule.resource],
    resourceName: rule.name,
    resourcePatternType:
      rule.match === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    principal: `User:${rule.principal}`,
    host: '*',
    operation: OPERATIONS[operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}
