// gate_v2.cjs - the AWS SDK for JavaScript v2 (npm aws-sdk), with its default
// DynamoDB retry scheme (10 retries, 50 ms x 2^n full jitter), drives the backup /
// PITR operations through whatever endpoint AWS_ENDPOINT_URL_DYNAMODB names
// (`ddbconform gate` sets it, with the credentials and the region). Used by
// tests/integration/gate_sdks.sh.
//
// usage: node gate_v2.cjs [ROUNDS]
// Prints "js v2: done" at the end: a run that exits 0 without it is JS v2's
// unsettled promise after a truncated answer (gate_sdks.sh).
const AWS = require('aws-sdk');

AWS.util.warnDeprecation = false; // its maintenance-mode notice on stderr
const rounds = Number(process.argv[2] || 2);
const ddb = new AWS.DynamoDB({
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: process.env.AWS_REGION,
});

async function call(op, params, tolerate = []) {
    try {
        return await ddb[op](params).promise();
    } catch (e) {
        if (tolerate.includes(e.code)) return undefined;
        throw e;
    }
}

(async () => {
    const table = 'gate-js2-music';
    await call('createTable', {
        TableName: table, BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }, ['ResourceInUseException']);
    for (let i = 0; ; i++) {
        const t = (await call('describeTable', { TableName: table })).Table;
        if (t.TableStatus === 'ACTIVE') break;
        if (i > 200) throw new Error(`table ${table} never became ACTIVE`);
        await new Promise((r) => setTimeout(r, 20));
    }
    await call('putItem', { TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } } });
    await call('updateContinuousBackups', {
        TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    await call('describeContinuousBackups', { TableName: table });
    for (let r = 0; r < rounds; r++) {
        const arn = (await call('createBackup', { TableName: table, BackupName: `nightly-${r}` })).BackupDetails.BackupArn;
        await call('describeBackup', { BackupArn: arn });
        await call('listBackups', { TableName: table });
        await call('restoreTableFromBackup', { TargetTableName: `${table}-restored-${r}`, BackupArn: arn },
            ['TableAlreadyExistsException', 'TableInUseException']);
        await call('deleteBackup', { BackupArn: arn }, ['BackupNotFoundException', 'BackupInUseException']);
    }
    await call('createBackup', { TableName: table, BackupName: 'not valid!' }, ['ValidationException']);
    console.log('js v2: done');
})().catch((e) => { console.error(`js v2: ${e.code || e.name}: ${e.message}`); process.exit(1); });
