package ecs

import (
	"fmt"
	"strings"

	"github.com/eksport/eksport/translate/ir"
)

// identity records the task role, the execution role and every secret
// reference as intents; the identity and secrets rules decide what they
// become. No value is ever read: only names and ARNs travel.
func (t *tx) identity() {
	td := t.td
	if arn := deref(td.TaskRoleArn); arn != "" {
		if !strings.HasPrefix(arn, "arn:") {
			t.diags.Infof(t.pos("taskRoleArn"), "ecs/role-name", "taskRoleArn %q is a role name, not an ARN; the ARN the ServiceAccount needs is completed with the configuration's cluster.accountId (ECS used the task's own account)", arn)
		}
		t.w.Identity = &ir.Identity{RoleARN: arn, Origin: t.pos("taskRoleArn")}
	}
	t.w.ExecutionRole = deref(td.ExecutionRoleArn)
	for i, cd := range td.ContainerDefinitions {
		cname := t.names[deref(cd.Name)]
		for j, s := range cd.Secrets {
			p := cpath(i, fmt.Sprintf("secrets[%d]", j))
			if deref(s.Name) == "" || deref(s.ValueFrom) == "" {
				t.diags.Errorf(t.pos(p), "ecs/missing-field", "secret needs both name and valueFrom")
				continue
			}
			t.w.Secrets = append(t.w.Secrets, ir.SecretRef{Container: cname, Env: deref(s.Name), ValueFrom: deref(s.ValueFrom), Origin: t.pos(p)})
		}
		if rc := cd.RepositoryCredentials; rc != nil && deref(rc.CredentialsParameter) != "" {
			t.w.PullSecrets = append(t.w.PullSecrets, ir.PullSecret{
				Container: cname, Registry: registryOf(deref(cd.Image)), CredentialsParameter: deref(rc.CredentialsParameter),
				Origin: t.pos(cpath(i, "repositoryCredentials")),
			})
		}
		for j, ef := range cd.EnvironmentFiles {
			p := cpath(i, fmt.Sprintf("environmentFiles[%d]", j))
			if typ := deref(ef.Type); typ != "" && typ != "s3" {
				t.diags.Errorf(t.pos(p+".type"), "ecs/invalid-value", "environment file type %q is not s3", typ)
				continue
			}
			t.w.EnvFiles = append(t.w.EnvFiles, ir.EnvFile{Container: cname, ARN: deref(ef.Value), Origin: t.pos(p)})
		}
		if lc := cd.LogConfiguration; lc != nil && len(lc.SecretOptions) > 0 {
			var names []string
			for _, so := range lc.SecretOptions {
				names = append(names, deref(so.Name))
			}
			t.diags.Warnf(t.pos(cpath(i, "logConfiguration.secretOptions")), "ecs/log-secret-options", "container %q passes secrets (%s) to its log driver; give them to the cluster's log agent instead (its own ExternalSecret), since pods have no log driver", deref(cd.Name), strings.Join(names, ", "))
		}
	}
}

// registryOf returns the registry host of an image reference; Docker Hub
// when the first part is not a host.
func registryOf(image string) string {
	first, _, ok := strings.Cut(image, "/")
	switch {
	case first == "docker.io" || first == "index.docker.io" || first == "registry-1.docker.io":
		// Docker Hub under one of its host names: the key docker login
		// writes, which kubelet matches for every Docker Hub image.
	case ok && (strings.ContainsAny(first, ".:") || first == "localhost"):
		return first
	}
	return "https://index.docker.io/v1/"
}

// efs records an EFS volume for the storage rule. The pod keeps an emptyDir
// until the rule replaces it with the claim.
func (t *tx) efs(p, volume string, c *EFSVolumeConfiguration) {
	fs := deref(c.FileSystemId)
	if fs == "" {
		t.diags.Errorf(t.pos(p+".efsVolumeConfiguration"), "ecs/missing-field", "EFS volume has no fileSystemId")
		return
	}
	v := ir.EFSVolume{Volume: volume, FileSystemID: fs, RootDirectory: deref(c.RootDirectory), Port: deref(c.TransitEncryptionPort), Origin: t.pos(p + ".efsVolumeConfiguration")}
	v.Encrypt = deref(c.TransitEncryption) == "ENABLED"
	if ac := c.AuthorizationConfig; ac != nil {
		v.AccessPointID = deref(ac.AccessPointId)
		v.IAM = deref(ac.Iam) == "ENABLED"
	}
	if v.AccessPointID != "" && v.RootDirectory != "" && v.RootDirectory != "/" {
		t.diags.Errorf(t.pos(p+".efsVolumeConfiguration.rootDirectory"), "ecs/efs-root-with-access-point", "with an access point the root directory must be omitted or /; the access point sets it")
		return
	}
	if (v.AccessPointID != "" || v.IAM) && !v.Encrypt {
		t.diags.Errorf(t.pos(p+".efsVolumeConfiguration.transitEncryption"), "ecs/efs-encryption-required", "access points and IAM authorization need transitEncryption ENABLED")
		return
	}
	t.w.EFS = append(t.w.EFS, v)
}
