-- Written by hand (Prisma does not generate triggers): keep "CaseTally" equal to the number of
-- cases per scope (current school, provider, owner, Primary Contact), active and closed, whatever
-- writes the "Case" table. Lists read their unfiltered counts from here.

CREATE TRIGGER "Case_tally_insert" AFTER INSERT ON "Case" BEGIN
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'school', NEW."currentSchoolId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."currentSchoolId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'provider', NEW."providerId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."providerId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'owner', NEW."ownerId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."ownerId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'contact', NEW."primaryContactId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."primaryContactId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
END;

CREATE TRIGGER "Case_tally_delete" AFTER DELETE ON "Case" BEGIN
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'school' AND "key" = OLD."currentSchoolId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'provider' AND "key" = OLD."providerId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'owner' AND "key" = OLD."ownerId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'contact' AND "key" = OLD."primaryContactId" AND "closed" = (OLD."closedAt" IS NOT NULL);
END;

CREATE TRIGGER "Case_tally_update" AFTER UPDATE OF "currentSchoolId", "providerId", "ownerId", "primaryContactId", "closedAt" ON "Case" BEGIN
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'school' AND "key" = OLD."currentSchoolId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'provider' AND "key" = OLD."providerId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'owner' AND "key" = OLD."ownerId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  UPDATE "CaseTally" SET "n" = "n" - 1 WHERE "dimension" = 'contact' AND "key" = OLD."primaryContactId" AND "closed" = (OLD."closedAt" IS NOT NULL);
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'school', NEW."currentSchoolId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."currentSchoolId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'provider', NEW."providerId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."providerId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'owner', NEW."ownerId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."ownerId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'contact', NEW."primaryContactId", NEW."closedAt" IS NOT NULL, 1 WHERE NEW."primaryContactId" IS NOT NULL
    ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "n" + 1;
END;

-- Cases that existed before this migration.
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'school', "currentSchoolId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "currentSchoolId" IS NOT NULL GROUP BY "currentSchoolId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'provider', "providerId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "providerId" IS NOT NULL GROUP BY "providerId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'owner', "ownerId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "ownerId" IS NOT NULL GROUP BY "ownerId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'contact', "primaryContactId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "primaryContactId" IS NOT NULL GROUP BY "primaryContactId", "closedAt" IS NOT NULL;
