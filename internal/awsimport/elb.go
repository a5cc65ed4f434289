package awsimport

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// loadBalancing reads a service's target groups and the listeners and
// listener rules that forward to them.
func (im *importer) loadBalancing(ctx context.Context, p *pending, owner, dir string, tgs []string) {
	for _, tgARN := range tgs {
		out, err := im.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{tgARN}})
		if notFound(err, "TargetGroupNotFound") {
			im.warnf(owner, "DescribeTargetGroups", "import/target-group-not-found", "target group %s does not exist; the service is imported without it", tgARN)
			continue
		}
		if err != nil {
			im.apiFailed(owner, "DescribeTargetGroups", err)
			p.failed = true
			return
		}
		for _, tg := range out.TargetGroups {
			doc, err := fromSDK(tg)
			if err != nil {
				im.errorf(owner, "DescribeTargetGroups", "import/encode", "%v", err)
				p.failed = true
				return
			}
			p.put(dir+"/load-balancing/target-group."+fileName(aws.ToString(tg.TargetGroupName))+".json", map[string]any{"TargetGroups": []any{doc}})
			for _, lb := range tg.LoadBalancerArns {
				if err := im.listeners(ctx, p, dir, lb, tgARN); err != nil {
					im.apiFailed(owner, "DescribeListeners", err)
					p.failed = true
					return
				}
			}
		}
	}
}

// forwardsTo reports whether an action (as JSON) sends traffic to tg.
func forwardsTo(actions any, tg string) bool {
	for _, a := range objects(actions) {
		if str(a, "TargetGroupArn") == tg {
			return true
		}
		if fc, ok := a["ForwardConfig"].(map[string]any); ok {
			for _, t := range objects(fc["TargetGroups"]) {
				if str(t, "TargetGroupArn") == tg {
					return true
				}
			}
		}
	}
	return false
}

type lbListeners struct {
	listeners []map[string]any
	rules     map[string][]map[string]any // listener ARN -> rules
}

func (im *importer) listeners(ctx context.Context, p *pending, dir, lbARN, tg string) error {
	v, err := im.memo.do("lb "+lbARN, func() (any, error) {
		res := &lbListeners{rules: map[string][]map[string]any{}}
		pg := elb.NewDescribeListenersPaginator(im.elb, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lbARN)})
		for pg.HasMorePages() {
			out, err := pg.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, l := range out.Listeners {
				doc, err := fromSDK(l)
				if err != nil {
					return nil, err
				}
				dropDeep(doc, "ClientSecret")
				res.listeners = append(res.listeners, doc)
				rp := elb.NewDescribeRulesPaginator(im.elb, &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
				for rp.HasMorePages() {
					rout, err := rp.NextPage(ctx)
					if err != nil {
						return nil, err
					}
					for _, r := range rout.Rules {
						doc, err := fromSDK(r)
						if err != nil {
							return nil, err
						}
						dropDeep(doc, "ClientSecret")
						res.rules[aws.ToString(l.ListenerArn)] = append(res.rules[aws.ToString(l.ListenerArn)], doc)
					}
				}
			}
		}
		return res, nil
	})
	if err != nil {
		return err
	}
	res := v.(*lbListeners)
	for _, l := range res.listeners {
		larn := str(l, "ListenerArn")
		var rules []any
		for _, r := range res.rules[larn] {
			if r["IsDefault"] == true {
				continue // the default rule is the listener's default action
			}
			if forwardsTo(r["Actions"], tg) {
				rules = append(rules, deepCopy(r))
			}
		}
		if !forwardsTo(l["DefaultActions"], tg) && len(rules) == 0 {
			continue
		}
		id := listenerID(larn)
		p.put(dir+"/load-balancing/listener."+id+".json", map[string]any{"Listeners": []any{deepCopy(l)}})
		for _, r := range rules {
			rm := r.(map[string]any)
			p.put(dir+"/load-balancing/listener."+id+".rule."+fileName(arnLast(str(rm, "RuleArn")))+".json", map[string]any{"Rules": []any{rm}})
		}
	}
	return nil
}

// listenerID names a listener by its load balancer's name and its own id:
// arn:...:listener/app/NAME/LBID/ID → NAME.ID.
func listenerID(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 4 {
		return fileName(parts[len(parts)-3]) + "." + fileName(parts[len(parts)-1])
	}
	return fileName(arnLast(arn))
}
