-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "rawKey" TEXT;

