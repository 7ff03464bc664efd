-- CreateTable
CREATE TABLE "UserGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '*',
    "namespace" TEXT NOT NULL DEFAULT '*',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UserGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "UserGrant_userId_context_namespace_key" ON "UserGrant"("userId", "context", "namespace");

-- Operators that existed before grants keep acting everywhere: each gets the grant "*"/"*" (an admin narrows it).
INSERT INTO "UserGrant" ("id", "userId", "context", "namespace")
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), "id", '*', '*'
FROM "User" WHERE "role" = 'operator';
