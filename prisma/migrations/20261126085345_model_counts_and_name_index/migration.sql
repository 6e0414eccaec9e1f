-- CreateTable
CREATE TABLE "model_counts" (
    "key" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "model_counts_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "models_name_id_idx" ON "models"("name", "id");


