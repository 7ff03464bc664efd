-- CreateTable
CREATE TABLE "ReleaseLock" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "operationId" TEXT NOT NULL,
    "acquiredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseLock_operationId_key" ON "ReleaseLock"("operationId");
