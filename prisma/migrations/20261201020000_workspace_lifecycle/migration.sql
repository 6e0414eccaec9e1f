-- Workspaces gain an owner (who created it; null for the built-in default workspace and
-- for workspaces made before owners were recorded) and an archived flag (issue 16).

-- AlterEnum
ALTER TYPE "history_object_type" ADD VALUE 'WORKSPACE';

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "user_id" INTEGER;

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
