#!/bin/bash
# SageMaker Studio lifecycle configuration (JupyterLab and Code Editor), rendered by the
# vpconly:supply:PackageSupply component: points pip at the landing zone's CodeArtifact PyPI
# repository with a short-lived token, the same result as
#   aws codeartifact login --tool pip --domain D --domain-owner O --repository R
# Studio has no internet path: if the repository cannot be reached this script fails, loudly,
# and the app does not start with a pip that would only time out.
#
# Every value below is rendered from the stack's configuration; do not edit it in the console.
set -euo pipefail

REGION='{{.Region}}'
DOMAIN='{{.Domain}}'
DOMAIN_OWNER='{{.DomainOwner}}'
REPOSITORY='{{.Repository}}'
TOKEN_SECONDS='{{.TokenSeconds}}'
INDEX_HOST="${DOMAIN}-${DOMAIN_OWNER}.d.codeartifact.${REGION}.amazonaws.com"

# The global STS hostname (sts.amazonaws.com) has no endpoint in the landing zone: use the
# regional one, for this script and for every terminal and kernel of the user.
export AWS_STS_REGIONAL_ENDPOINTS=regional
export AWS_DEFAULT_REGION="${REGION}"

fail() {
	echo "pip-codeartifact: ERROR: $*" >&2
	echo "pip-codeartifact: pip cannot install packages until this is fixed. Check that the hub has the" >&2
	echo "pip-codeartifact: codeartifact.api and codeartifact.repositories endpoints, that ${INDEX_HOST}" >&2
	echo "pip-codeartifact: resolves to them, and that the execution role may call" >&2
	echo "pip-codeartifact: codeartifact:GetAuthorizationToken on domain ${DOMAIN}. Ask the platform team." >&2
	exit 1
}

if ! command -v aws >/dev/null 2>&1; then
	fail "the AWS CLI is not installed in this image"
fi

if ! TOKEN="$(aws codeartifact get-authorization-token --region "${REGION}" --domain "${DOMAIN}" \
	--domain-owner "${DOMAIN_OWNER}" --duration-seconds "${TOKEN_SECONDS}" \
	--cli-connect-timeout 10 --cli-read-timeout 30 --query authorizationToken --output text)"; then
	fail "no CodeArtifact token for domain ${DOMAIN} (owner ${DOMAIN_OWNER}) in ${REGION}"
fi
if [ -z "${TOKEN}" ] || [ "${TOKEN}" = "None" ]; then
	fail "CodeArtifact returned an empty token for domain ${DOMAIN}"
fi

INDEX_URL="https://aws:${TOKEN}@${INDEX_HOST}/pypi/${REPOSITORY}/simple/"

# Probe the repository before pointing pip at it: no answer at all is "unreachable", an answer
# of 401 or 403 is a refusal (policy or token).
if command -v curl >/dev/null 2>&1; then
	if ! CODE="$(curl --silent --show-error --max-time 20 --output /dev/null --write-out '%{http_code}' "${INDEX_URL}")"; then
		fail "repository ${REPOSITORY} at https://${INDEX_HOST}/pypi/${REPOSITORY}/simple/ is unreachable"
	fi
	case "${CODE}" in
	401 | 403) fail "repository ${REPOSITORY} refused the token (HTTP ${CODE})" ;;
	esac
fi

pip config --user set global.index-url "${INDEX_URL}" >/dev/null ||
	fail "could not write pip's user configuration"

# Persist the settings for the user's terminals and SDK calls.
aws configure set sts_regional_endpoints regional || true
for rc in "${HOME}/.bashrc" "${HOME}/.profile"; do
	touch "${rc}"
	grep -q '^export AWS_STS_REGIONAL_ENDPOINTS=regional$' "${rc}" ||
		echo 'export AWS_STS_REGIONAL_ENDPOINTS=regional' >>"${rc}"
done

# Install this script as `pip-login`, so that a user can renew the token (it expires after
# TOKEN_SECONDS) from a terminal or a notebook cell: !pip-login
mkdir -p "${HOME}/.local/bin"
if [ -r "${BASH_SOURCE[0]}" ] && [ "${BASH_SOURCE[0]}" != "${HOME}/.local/bin/pip-login" ]; then
	install -m 0755 "${BASH_SOURCE[0]}" "${HOME}/.local/bin/pip-login" || true
fi

echo "pip-codeartifact: pip now installs from CodeArtifact repository ${REPOSITORY} (domain ${DOMAIN}); the token expires in ${TOKEN_SECONDS} seconds: run pip-login to renew it."
