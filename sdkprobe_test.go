package eksport_test
import (
 _ "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
 _ "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
 _ "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
 _ "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)
