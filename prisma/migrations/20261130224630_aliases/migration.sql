-- AlterEnum
ALTER TYPE "history_object_type" ADD VALUE 'ALIAS';

-- CreateTable
CREATE TABLE "model_aliases" (
    "model_id" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "version" INTEGER,
    "protected" BOOLEAN,
    "set_at" TIMESTAMPTZ(6) NOT NULL,
    "set_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("model_id","alias")
);

-- CreateIndex
CREATE INDEX "model_aliases_model_id_version_idx" ON "model_aliases"("model_id", "version");

-- CreateIndex
CREATE INDEX "model_aliases_alias_model_id_version_idx" ON "model_aliases"("alias", "model_id", "version");

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_model_id_version_fkey" FOREIGN KEY ("model_id", "version") REFERENCES "model_versions"("model_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE;
