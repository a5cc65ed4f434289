// Package action holds the script behind the repository's GitHub Action
// (action.yml at the root) and its test: the script is run as GitHub runs
// it, with a workspace, GITHUB_ACTION_PATH and a job summary file.
package action
