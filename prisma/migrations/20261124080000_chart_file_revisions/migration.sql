-- CreateTable
CREATE TABLE "ChartFileRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chartId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "savedById" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ChartFileRevision_chartId_fkey" FOREIGN KEY ("chartId") REFERENCES "Chart" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChartFileRevision_savedById_fkey" FOREIGN KEY ("savedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ChartFileRevision_chartId_path_savedAt_idx" ON "ChartFileRevision"("chartId", "path", "savedAt");


