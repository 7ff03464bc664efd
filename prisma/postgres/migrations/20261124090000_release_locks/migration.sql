-- CreateTable
CREATE TABLE "ReleaseLock" (
    "key" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseLock_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseLock_operationId_key" ON "ReleaseLock"("operationId");
