-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "token_kind" AS ENUM ('LOGIN', 'SESSION', 'API');

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "kind" "token_kind" NOT NULL DEFAULT 'LOGIN',
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';
