-- Written by hand (Prisma does not generate triggers): keep "CaseTally" equal to the number of
-- cases per scope (current school, provider, owner, Primary Contact), active and closed, whatever
-- writes the "Case" table. Lists read their unfiltered counts from here.

CREATE FUNCTION "case_tally_bump"(dim TEXT, k TEXT, is_closed BOOLEAN, delta INTEGER) RETURNS VOID AS $$
BEGIN
  IF k IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") VALUES (dim, k, is_closed, delta)
  ON CONFLICT ("dimension", "key", "closed") DO UPDATE SET "n" = "CaseTally"."n" + delta;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "case_tally"() RETURNS TRIGGER AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
    PERFORM "case_tally_bump"('school', OLD."currentSchoolId", OLD."closedAt" IS NOT NULL, -1);
    PERFORM "case_tally_bump"('provider', OLD."providerId", OLD."closedAt" IS NOT NULL, -1);
    PERFORM "case_tally_bump"('owner', OLD."ownerId", OLD."closedAt" IS NOT NULL, -1);
    PERFORM "case_tally_bump"('contact', OLD."primaryContactId", OLD."closedAt" IS NOT NULL, -1);
  END IF;
  IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
    PERFORM "case_tally_bump"('school', NEW."currentSchoolId", NEW."closedAt" IS NOT NULL, 1);
    PERFORM "case_tally_bump"('provider', NEW."providerId", NEW."closedAt" IS NOT NULL, 1);
    PERFORM "case_tally_bump"('owner', NEW."ownerId", NEW."closedAt" IS NOT NULL, 1);
    PERFORM "case_tally_bump"('contact', NEW."primaryContactId", NEW."closedAt" IS NOT NULL, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Case_tally" AFTER INSERT OR DELETE OR UPDATE OF "currentSchoolId", "providerId", "ownerId", "primaryContactId", "closedAt" ON "Case"
FOR EACH ROW EXECUTE FUNCTION "case_tally"();

-- Cases that existed before this migration.
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'school', "currentSchoolId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "currentSchoolId" IS NOT NULL GROUP BY "currentSchoolId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'provider', "providerId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "providerId" IS NOT NULL GROUP BY "providerId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'owner', "ownerId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "ownerId" IS NOT NULL GROUP BY "ownerId", "closedAt" IS NOT NULL;
INSERT INTO "CaseTally" ("dimension", "key", "closed", "n") SELECT 'contact', "primaryContactId", "closedAt" IS NOT NULL, COUNT(*) FROM "Case" WHERE "primaryContactId" IS NOT NULL GROUP BY "primaryContactId", "closedAt" IS NOT NULL;
