// gate_backups.go - the AWS SDK for Go v2 (Debian golang-github-aws-aws-sdk-go-v2-dev,
// built offline in GOPATH mode by tests/integration/gate_sdks.sh) drives the backup
// / PITR operations through whatever endpoint AWS_ENDPOINT_URL_DYNAMODB names
// (`ddbconform gate` sets it, with the credentials and the region), with the SDK's
// default retryer.
//
// usage: gate_backups [ROUNDS]
// A call that fails is reported on stderr and the run goes on (so one run meets
// many faults); exits 1 when any call failed, 0 otherwise. Non-idempotent calls
// accept their "already done" answers, as an application that retries must.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

func tolerated(err error, codes ...string) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		for _, c := range codes {
			if ae.ErrorCode() == c {
				return true
			}
		}
	}
	return false
}

var failed int

// ok reports a failed call (one the application would see) and says whether it succeeded.
func ok(what string, err error, codes ...string) bool {
	if err != nil && !tolerated(err, codes...) {
		fmt.Fprintf(os.Stderr, "go v2: %s: %v\n", what, err)
		failed++
		return false
	}
	return true
}

func must(what string, err error, codes ...string) {
	if !ok(what, err, codes...) {
		os.Exit(1)
	}
}

func main() {
	rounds := 2
	if len(os.Args) > 1 {
		rounds, _ = strconv.Atoi(os.Args[1])
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	must("config", err)
	ep := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.EndpointResolver = dynamodb.EndpointResolverFromURL(ep)
	})
	table := aws.String("gate-go-music")
	_, err = db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            table,
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	must("CreateTable", err, "ResourceInUseException")
	for i := 0; ; i++ {
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: table})
		if ok("DescribeTable", err) && out.Table.TableStatus == types.TableStatusActive {
			break
		}
		if i > 200 {
			must("DescribeTable", errors.New("the table never became ACTIVE"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: table, Item: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "a"}, "n": &types.AttributeValueMemberN{Value: "1"}}})
	ok("PutItem", err)
	_, err = db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: table,
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
	ok("UpdateContinuousBackups", err)
	_, err = db.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: table})
	ok("DescribeContinuousBackups", err)
	for r := 0; r < rounds; r++ {
		b, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: table, BackupName: aws.String(fmt.Sprintf("nightly-%d", r))})
		if !ok("CreateBackup", err) {
			continue
		}
		arn := b.BackupDetails.BackupArn
		_, err = db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: arn})
		ok("DescribeBackup", err)
		_, err = db.ListBackups(ctx, &dynamodb.ListBackupsInput{TableName: table})
		ok("ListBackups", err)
		_, err = db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: arn,
			TargetTableName: aws.String(fmt.Sprintf("gate-go-music-restored-%d", r))})
		ok("RestoreTableFromBackup", err, "TableAlreadyExistsException", "TableInUseException")
		_, err = db.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: arn})
		ok("DeleteBackup", err, "BackupNotFoundException", "BackupInUseException")
	}
	_, err = db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: table, BackupName: aws.String("not valid!")})
	ok("CreateBackup", err, "ValidationException")
	fmt.Printf("go v2: done, %d calls failed\n", failed)
	if failed > 0 {
		os.Exit(1)
	}
}
