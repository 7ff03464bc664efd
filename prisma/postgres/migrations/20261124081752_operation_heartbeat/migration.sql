-- AlterTable
ALTER TABLE "Operation" ADD COLUMN     "heartbeatAt" TIMESTAMP(3);
