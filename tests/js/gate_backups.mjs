// gate_backups.mjs - the AWS SDK for JavaScript v3, with its default retry
// strategy, drives the backup / PITR operations through whatever endpoint
// AWS_ENDPOINT_URL_DYNAMODB names (`ddbconform gate` sets it, with the
// credentials and the region). Used by tests/integration/gate_sdks.sh.
//
// usage: node gate_backups.mjs [ROUNDS] [standard|adaptive|configured]
// standard: the default strategy; adaptive: retryMode 'adaptive';
// configured: a ConfiguredRetryStrategy (4 attempts, 100 + 200 ms x attempt,
// no jitter), as an application may configure it.
// Faults make some calls run twice on the server (a retry after a bad answer
// repeats a call that already happened), so the "already done" errors of the
// non-idempotent calls are accepted, as an application that retries must.
import sdk from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

const {
    DynamoDBClient, CreateTableCommand, DescribeTableCommand, PutItemCommand, CreateBackupCommand,
    DescribeBackupCommand, DeleteBackupCommand, ListBackupsCommand, RestoreTableFromBackupCommand,
    UpdateContinuousBackupsCommand, DescribeContinuousBackupsCommand,
} = sdk;

const rounds = Number(process.argv[2] || 2);
const mode = process.argv[3] || 'standard';
const config = mode === 'adaptive' ? { retryMode: 'adaptive' }
    : mode === 'configured' ? { retryStrategy: new ConfiguredRetryStrategy(4, (attempt) => 100 + attempt * 200) }
        : {};
const client = new DynamoDBClient(config);

async function call(command, tolerate = []) {
    try {
        return await client.send(command);
    } catch (e) {
        if (tolerate.includes(e.name)) return undefined;
        throw e;
    }
}

const table = 'gate-js-music';
await call(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
}), ['ResourceInUseException']);
for (let i = 0; ; i++) {
    const t = (await call(new DescribeTableCommand({ TableName: table }))).Table;
    if (t.TableStatus === 'ACTIVE') break;
    if (i > 200) throw new Error(`table ${table} never became ACTIVE`);
    await new Promise((r) => setTimeout(r, 20));
}
await call(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } } }));
await call(new UpdateContinuousBackupsCommand({
    TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
}));
await call(new DescribeContinuousBackupsCommand({ TableName: table }));
for (let r = 0; r < rounds; r++) {
    const arn = (await call(new CreateBackupCommand({ TableName: table, BackupName: `nightly-${r}` })))
        .BackupDetails.BackupArn;
    await call(new DescribeBackupCommand({ BackupArn: arn }));
    await call(new ListBackupsCommand({ TableName: table }));
    await call(new RestoreTableFromBackupCommand({ TargetTableName: `${table}-restored-${r}`, BackupArn: arn }),
        ['TableAlreadyExistsException', 'TableInUseException']);
    await call(new DeleteBackupCommand({ BackupArn: arn }), ['BackupNotFoundException', 'BackupInUseException']);
}
// a request the service refuses: validity.request notes it, the SDK must not retry it
await call(new CreateBackupCommand({ TableName: table, BackupName: 'not valid!' }), ['ValidationException']);
console.log(`aws-sdk-js v3 (${mode}): done`);
