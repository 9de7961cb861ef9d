// sdk_gate.mjs - the AWS SDK for JavaScript v3 drives every operation in scope
// against `ddbconform serve`: the real client's serializers, SigV4 signer,
// crc32 check and typed exception mapping must all accept what serve sends.
//
// usage: DDB_ENDPOINT=http://127.0.0.1:PORT AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. node sdk_gate.mjs
// Exits 0 with "sdk gate: N checks passed" or 1 at the first mismatch.
import assert from 'node:assert/strict';
import sdk from '@aws-sdk/client-dynamodb';
// the package is CommonJS: named ESM imports of some exports fail, so destructure
const {
    DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand, PutItemCommand, GetItemCommand,
    ScanCommand, CreateBackupCommand, DescribeBackupCommand, DeleteBackupCommand, ListBackupsCommand,
    RestoreTableFromBackupCommand, RestoreTableToPointInTimeCommand, UpdateContinuousBackupsCommand,
    DescribeContinuousBackupsCommand, BackupNotFoundException, TableNotFoundException,
    TableAlreadyExistsException, PointInTimeRecoveryUnavailableException, ResourceNotFoundException,
    BackupInUseException,
} = sdk;
import smithy from '@smithy/core';

// The SDK's Smithy model does not mark ListBackups as paginated (botocore's
// paginators-1.json does), so the SDK exports no paginateListBackups; build one
// with the SDK's own factory and botocore's tokens ([S:model-operations]).
const paginateListBackups = smithy.createPaginator(sdk.DynamoDBClient, ListBackupsCommand, 'ExclusiveStartBackupArn',
    'LastEvaluatedBackupArn', 'Limit');

const endpoint = process.env.DDB_ENDPOINT;
const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
if (!endpoint || !accessKeyId || !secretAccessKey) {
    console.error('sdk gate: DDB_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required');
    process.exit(2);
}
const region = 'us-east-1';
const client = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });

let checks = 0;
const eq = (actual, expected, what) => { assert.deepEqual(actual, expected, what); checks++; };

async function rejects(promise, type, message, what) {
    try {
        await promise;
    } catch (e) {
        if (typeof type === 'string') eq(e.name, type, `${what}: error name`);
        else assert.ok(e instanceof type, `${what}: expected ${type.name}, got ${e.name}: ${e.message}`), checks++;
        if (message !== undefined) eq(e.message, message, `${what}: message`);
        eq(e.$metadata.httpStatusCode, 400, `${what}: HTTP status`);
        return e;
    }
    assert.fail(`${what}: expected ${typeof type === 'string' ? type : type.name}, the call succeeded`);
}

async function waitActive(name) {
    for (let i = 0; i < 200; i++) {
        const t = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
        if (t.TableStatus === 'ACTIVE') return t;
        await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`table ${name} never became ACTIVE`);
}

const run = Date.now().toString(36);
const src = `gate-src-${run}`;
const keySchema = [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }];
const gsiKeys = [{ AttributeName: 'gsk', KeyType: 'HASH' }];
const lsiKeys = [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'lsk', KeyType: 'RANGE' }];

// ---- tables and items
const created = await client.send(new CreateTableCommand({
    TableName: src,
    KeySchema: keySchema,
    AttributeDefinitions: ['pk', 'sk', 'gsk', 'lsk'].map((n) => ({ AttributeName: n, AttributeType: 'S' })),
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: gsiKeys, Projection: { ProjectionType: 'ALL' } }],
    LocalSecondaryIndexes: [{ IndexName: 'lsi1', KeySchema: lsiKeys, Projection: { ProjectionType: 'KEYS_ONLY' } }],
}));
eq(created.TableDescription.TableStatus, 'CREATING', 'CreateTable status');
eq(created.TableDescription.TableArn, `arn:aws:dynamodb:${region}:123456789012:table/${src}`, 'CreateTable arn');
assert.ok(created.TableDescription.CreationDateTime instanceof Date);
const active = await waitActive(src);
eq(active.GlobalSecondaryIndexes.map((g) => g.IndexName), ['gsi1'], 'source GSIs');
eq(active.LocalSecondaryIndexes.map((l) => l.IndexName), ['lsi1'], 'source LSIs');

for (const k of ['a', 'b', 'c'])
    await client.send(new PutItemCommand({
        TableName: src, Item: { pk: { S: k }, sk: { S: '1' }, gsk: { S: `g-${k}` }, n: { N: '42' } },
    }));
const got = await client.send(new GetItemCommand({ TableName: src, Key: { pk: { S: 'b' }, sk: { S: '1' } } }));
eq(got.Item, { pk: { S: 'b' }, sk: { S: '1' }, gsk: { S: 'g-b' }, n: { N: '42' } }, 'GetItem item');
eq((await client.send(new ScanCommand({ TableName: src }))).Count, 3, 'Scan count');

// ---- backups
const arns = [];
for (const name of ['gate-b1', 'gate-b2', 'gate-b3']) {
    const r = await client.send(new CreateBackupCommand({ TableName: src, BackupName: name }));
    eq(r.BackupDetails.BackupStatus, 'CREATING', 'CreateBackup status');
    eq(r.BackupDetails.BackupType, 'USER', 'CreateBackup type');
    assert.match(r.BackupDetails.BackupArn, new RegExp(`^arn:aws:dynamodb:${region}:123456789012:table/${src}/backup/\\d{14}-[0-9a-f]{8}$`));
    assert.ok(r.BackupDetails.BackupCreationDateTime instanceof Date);
    arns.push(r.BackupDetails.BackupArn);
}
const desc = (await client.send(new DescribeBackupCommand({ BackupArn: arns[0] }))).BackupDescription;
eq(desc.BackupDetails.BackupStatus, 'AVAILABLE', 'DescribeBackup status');
eq(desc.SourceTableDetails.TableName, src, 'DescribeBackup source');
eq(desc.SourceTableDetails.BillingMode, 'PAY_PER_REQUEST', 'DescribeBackup billing');
eq(desc.SourceTableDetails.ProvisionedThroughput, { ReadCapacityUnits: 0, WriteCapacityUnits: 0 }, 'DescribeBackup throughput');
eq(desc.SourceTableFeatureDetails.GlobalSecondaryIndexes.map((g) => g.IndexName), ['gsi1'], 'backup GSI info');
eq(desc.SourceTableFeatureDetails.LocalSecondaryIndexes.map((l) => l.IndexName), ['lsi1'], 'backup LSI info');

// paginate over more backups than the page size
let pages = 0;
const listed = [];
for await (const page of paginateListBackups({ client, pageSize: 2 }, { TableName: src })) {
    pages++;
    listed.push(...page.BackupSummaries.map((b) => b.BackupArn));
}
eq(listed, arns, 'paginateListBackups: every backup once, ascending by creation');
eq(pages, 2, 'paginateListBackups: pages of 2 over 3 backups');
const full = await client.send(new ListBackupsCommand({ TableName: src, Limit: 3 }));
eq(full.LastEvaluatedBackupArn, undefined, 'Limit == matches: no LastEvaluatedBackupArn');

// ---- restore from backup with index overrides
const dst = `gate-dst-${run}`;
const restored = await client.send(new RestoreTableFromBackupCommand({
    TargetTableName: dst,
    BackupArn: arns[0],
    GlobalSecondaryIndexOverride: [{ IndexName: 'gsi-renamed', KeySchema: gsiKeys, Projection: { ProjectionType: 'ALL' } }],
    LocalSecondaryIndexOverride: [],
}));
eq(restored.TableDescription.TableStatus, 'CREATING', 'restore status');
eq(restored.TableDescription.RestoreSummary.SourceBackupArn, arns[0], 'restore summary backup');
eq(restored.TableDescription.RestoreSummary.RestoreInProgress, true, 'restore in progress');
await rejects(client.send(new RestoreTableFromBackupCommand({ TargetTableName: `${dst}-2`, BackupArn: arns[0] })),
    BackupInUseException, `Backup is being used to restore another table: ${arns[0]}`, 'second restore of one backup');
const dstActive = await waitActive(dst);
eq(dstActive.GlobalSecondaryIndexes.map((g) => g.IndexName), ['gsi-renamed'], 'restored GSIs as overridden');
eq(dstActive.LocalSecondaryIndexes, undefined, 'restored LSIs dropped by []');
eq(dstActive.RestoreSummary, undefined, 'RestoreSummary gone once ACTIVE');
const dstScan = await client.send(new ScanCommand({ TableName: dst }));
eq(dstScan.Count, 3, 'restored items');
eq(dstScan.Items.map((i) => i.pk.S).sort(), ['a', 'b', 'c'], 'restored item keys');

// ---- continuous backups and PITR
await rejects(client.send(new RestoreTableToPointInTimeCommand({
    SourceTableName: src, TargetTableName: `gate-pitr-${run}`, UseLatestRestorableTime: true,
})), PointInTimeRecoveryUnavailableException, `Point in time recovery is not enabled for table '${src}'`, 'PITR off');
const upd = await client.send(new UpdateContinuousBackupsCommand({
    TableName: src, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
}));
eq(upd.ContinuousBackupsDescription.ContinuousBackupsStatus, 'ENABLED', 'continuous backups');
eq(upd.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'ENABLED', 'PITR on');
eq(upd.ContinuousBackupsDescription.PointInTimeRecoveryDescription.RecoveryPeriodInDays, 35, 'default period');
const dcb = (await client.send(new DescribeContinuousBackupsCommand({ TableName: src }))).ContinuousBackupsDescription;
const pitr = dcb.PointInTimeRecoveryDescription;
assert.ok(pitr.EarliestRestorableDateTime instanceof Date && pitr.LatestRestorableDateTime >= pitr.EarliestRestorableDateTime);
checks++;
const pitrTarget = `gate-pitr-${run}`;
const pr = await client.send(new RestoreTableToPointInTimeCommand({
    SourceTableName: src, TargetTableName: pitrTarget, UseLatestRestorableTime: true,
}));
eq(pr.TableDescription.RestoreSummary.SourceTableArn, active.TableArn, 'PITR restore source');
eq(pr.TableDescription.RestoreSummary.SourceBackupArn, undefined, 'PITR restore has no backup');
await waitActive(pitrTarget);
eq((await client.send(new ScanCommand({ TableName: pitrTarget }))).Count, 3, 'PITR restored items');

// ---- typed errors with exact messages
const ghost = `arn:aws:dynamodb:${region}:123456789012:table/${src}/backup/01700000000000-abcdef12`;
await rejects(client.send(new DescribeBackupCommand({ BackupArn: ghost })), BackupNotFoundException,
    `Backup not found: ${ghost}`, 'DescribeBackup missing');
await rejects(client.send(new CreateBackupCommand({ TableName: 'gate-missing', BackupName: 'bk1' })),
    TableNotFoundException, 'Table not found: gate-missing', 'CreateBackup missing table');
await rejects(client.send(new RestoreTableFromBackupCommand({ TargetTableName: dst, BackupArn: arns[1] })),
    TableAlreadyExistsException, `Table already exists: ${dst}`, 'restore onto an existing table');
await rejects(client.send(new CreateBackupCommand({ TableName: src, BackupName: 'b' })), 'ValidationException',
    "1 validation error detected: Value 'b' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    'BackupName too short');
await rejects(client.send(new DescribeTableCommand({ TableName: 'gate-missing' })), ResourceNotFoundException,
    'Requested resource not found: Table: gate-missing not found', 'DescribeTable missing');

// ---- delete
const del = await client.send(new DeleteBackupCommand({ BackupArn: arns[2] }));
eq(del.BackupDescription.BackupDetails.BackupStatus, 'DELETED', 'DeleteBackup status');
await rejects(client.send(new DeleteBackupCommand({ BackupArn: arns[2] })), BackupNotFoundException,
    `Backup not found: ${arns[2]}`, 'DeleteBackup twice');
for (const t of [dst, pitrTarget, src]) {
    const d = await client.send(new DeleteTableCommand({ TableName: t }));
    eq(d.TableDescription.TableStatus, 'DELETING', 'DeleteTable status');
}
await new Promise((r) => setTimeout(r, 20));
await rejects(client.send(new DescribeTableCommand({ TableName: src })), ResourceNotFoundException,
    `Requested resource not found: Table: ${src} not found`, 'DescribeTable after delete');
// the PITR-enabled source left a SYSTEM backup
const sys = await client.send(new ListBackupsCommand({ TableName: src, BackupType: 'SYSTEM' }));
eq(sys.BackupSummaries.map((b) => b.BackupName), [`${src}$DeletedTableBackup`], 'SYSTEM backup of a PITR table');

// ---- authentication
const wrongSecret = new DynamoDBClient({
    endpoint, region, credentials: { accessKeyId, secretAccessKey: `${secretAccessKey}-wrong` }, maxAttempts: 1,
});
await rejects(wrongSecret.send(new ListBackupsCommand({})), 'InvalidSignatureException', undefined, 'wrong secret key');
const wrongKey = new DynamoDBClient({
    endpoint, region, credentials: { accessKeyId: 'AKIDNOTCONFIGURED', secretAccessKey }, maxAttempts: 1,
});
await rejects(wrongKey.send(new ListBackupsCommand({})), 'UnrecognizedClientException',
    'The security token included in the request is invalid.', 'unknown access key id');

console.log(`sdk gate: ${checks} checks passed`);
