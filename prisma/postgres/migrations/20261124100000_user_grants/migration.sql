-- CreateTable
CREATE TABLE "UserGrant" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '*',
    "namespace" TEXT NOT NULL DEFAULT '*',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UserGrant_userId_context_namespace_key" ON "UserGrant"("userId", "context", "namespace");

-- AddForeignKey
ALTER TABLE "UserGrant" ADD CONSTRAINT "UserGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Operators that existed before grants keep acting everywhere: each gets the grant "*"/"*" (an admin narrows it).
INSERT INTO "UserGrant" ("id", "userId", "context", "namespace")
SELECT gen_random_uuid()::text, "id", '*', '*' FROM "User" WHERE "role" = 'operator';
