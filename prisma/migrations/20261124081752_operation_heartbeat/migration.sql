-- AlterTable
ALTER TABLE "Operation" ADD COLUMN "heartbeatAt" DATETIME;
