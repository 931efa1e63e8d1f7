#!/usr/bin/env python3
"""Prints one S3 object to stdout: a tiny signed GET, so that examples/handoff.sh needs no AWS CLI.

    python3 examples/s3_get.py s3://bucket/ferry/shop/2026/11/21/shop-20261121/manifest.json

Path-style (ENDPOINT/bucket/key), signed with AWS Signature V4 from the environment:
S3_ENDPOINT (default https://s3.<region>.amazonaws.com), AWS_REGION (default us-east-1),
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, if set, AWS_SESSION_TOKEN. The keys are never printed.
Exit code: 0, or 1 with one line on stderr when the object cannot be read.
"""

import datetime
import hashlib
import hmac
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def get(url):
    if not url.startswith("s3://") or "/" not in url[5:]:
        raise ValueError("expected s3://bucket/key, got: " + url)
    bucket, key = url[5:].split("/", 1)
    region = os.environ.get("AWS_REGION") or "us-east-1"
    endpoint = (os.environ.get("S3_ENDPOINT") or f"https://s3.{region}.amazonaws.com").rstrip("/")
    access = os.environ.get("AWS_ACCESS_KEY_ID")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not access or not secret:
        raise ValueError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    parsed = urllib.parse.urlsplit(endpoint)
    base = parsed.path.rstrip("/")
    path = base + "/" + urllib.parse.quote(bucket) + "/" + urllib.parse.quote(key, safe="/-_.~")
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    empty = hashlib.sha256(b"").hexdigest()
    headers = {"host": parsed.netloc, "x-amz-content-sha256": empty, "x-amz-date": stamp}
    token = os.environ.get("AWS_SESSION_TOKEN")
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    canonical = "\n".join(
        ["GET", path, ""]
        + [f"{n}:{headers[n]}" for n in names]
        + ["", ";".join(names), empty]
    )
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    signing = _hmac(_hmac(_hmac(_hmac(("AWS4" + secret).encode(), day), region), "s3"), "aws4_request")
    signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={access}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    del headers["host"]
    request = urllib.request.Request(f"{parsed.scheme}://{parsed.netloc}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def main(argv):
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    try:
        sys.stdout.buffer.write(get(argv[0]))
        return 0
    except urllib.error.HTTPError as e:
        print(f"s3_get: cannot read {argv[0]}: HTTP {e.code} {e.reason}", file=sys.stderr)
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"s3_get: cannot read {argv[0]}: {e}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
