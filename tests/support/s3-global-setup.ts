// The domain-s3 project: the domain's PostgreSQL (global-setup.ts) plus one real S3
// server process (s3rver) for the run; s3-setup.ts points each test file's storage at it.
import type { TestProject } from "vitest/node";
import setupDatabase from "./global-setup";
import { startS3Server } from "./s3-server";

export default async function setup(project: TestProject) {
  const teardown = await setupDatabase(project);
  const s3 = await startS3Server({ port: Number(process.env.MREG_TEST_S3_PORT) || 0 });
  project.provide("s3Endpoint", s3.endpoint);
  project.provide("s3Bucket", s3.bucket);
  return async () => {
    await s3.stop();
    await teardown();
  };
}
