// Runs after setup.ts in the domain-s3 project: checkpoint storage is the run's S3
// server, under a prefix of this test file's own, with s3rver's fixed key pair.
import crypto from "node:crypto";
import { inject } from "vitest";

Object.assign(process.env, {
  MREG_STORAGE_URL: `s3://${inject("s3Bucket")}/run-${crypto.randomBytes(4).toString("hex")}`,
  MREG_S3_ENDPOINT: inject("s3Endpoint"),
  MREG_S3_FORCE_PATH_STYLE: "1",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
});
