-- CreateTable
CREATE TABLE "Catchment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "providerId" TEXT,
    CONSTRAINT "Catchment_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Provider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "autoAssign" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "School" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "catchmentId" TEXT NOT NULL,
    "inSchoolProviderId" TEXT,
    CONSTRAINT "School_catchmentId_fkey" FOREIGN KEY ("catchmentId") REFERENCES "Catchment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "School_inSchoolProviderId_fkey" FOREIGN KEY ("inSchoolProviderId") REFERENCES "Provider" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameSearch" TEXT NOT NULL,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "oidcSubject" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "schoolId" TEXT,
    "providerId" TEXT,
    "orgKey" TEXT NOT NULL,
    "grantedById" TEXT,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "targetUserId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "role" TEXT,
    "orgKey" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Student" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nsn" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "nameSearch" TEXT NOT NULL,
    "dateOfBirth" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Enrolment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studentId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME,
    CONSTRAINT "Enrolment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Enrolment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublicHoliday" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Request" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "number" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "service" TEXT NOT NULL DEFAULT 'CHRONIC_ABSENCE',
    "schoolId" TEXT NOT NULL,
    "studentId" TEXT,
    "createdById" TEXT NOT NULL,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "currentStep" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "caseReference" TEXT,
    CONSTRAINT "Request_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Request_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Case" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "requestNumber" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'CHRONIC_ABSENCE',
    "status" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "studentId" TEXT NOT NULL,
    "learnerName" TEXT NOT NULL,
    "learnerSearch" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "currentSchoolId" TEXT,
    "leftReferringSchool" BOOLEAN NOT NULL DEFAULT false,
    "catchmentId" TEXT NOT NULL,
    "providerId" TEXT,
    "allocatedAt" DATETIME,
    "ownerId" TEXT,
    "assignedAt" DATETIME,
    "primaryContactId" TEXT NOT NULL,
    "primaryContactName" TEXT NOT NULL,
    "primaryContactPhone" TEXT,
    "primaryContactEmail" TEXT,
    "primaryContactNotes" TEXT,
    "onHoldReason" TEXT,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "firstContactAt" DATETIME,
    "lastActivityAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closureReason" TEXT,
    "closureSummary" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Case_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_catchmentId_fkey" FOREIGN KEY ("catchmentId") REFERENCES "Catchment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" INTEGER NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "authorSide" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'WEB',
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "emailId" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Comment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" INTEGER NOT NULL,
    "uploadedById" TEXT,
    "uploaderName" TEXT NOT NULL,
    "authorSide" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'WEB',
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "CaseFile_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceReferral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "serviceName" TEXT NOT NULL,
    "serviceProvider" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ServiceReferral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" INTEGER NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "audience" TEXT NOT NULL DEFAULT 'ALL',
    "commentId" TEXT,
    "fileId" TEXT,
    "referralId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "TimelineEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "idempotencyKey" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseReference" TEXT,
    "template" TEXT,
    "recipient" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "replyToken" TEXT,
    "status" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseTally" (
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "closed" BOOLEAN NOT NULL,
    "n" INTEGER NOT NULL,

    PRIMARY KEY ("dimension", "key", "closed")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Catchment_name_key" ON "Catchment"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Provider_name_key" ON "Provider"("name");

-- CreateIndex
CREATE UNIQUE INDEX "School_name_key" ON "School"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- CreateIndex
CREATE INDEX "User_nameSearch_idx" ON "User"("nameSearch");

-- CreateIndex
CREATE INDEX "RoleAssignment_orgKey_role_idx" ON "RoleAssignment"("orgKey", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_userId_role_orgKey_key" ON "RoleAssignment"("userId", "role", "orgKey");

-- CreateIndex
CREATE INDEX "AccessChange_orgKey_createdAt_idx" ON "AccessChange"("orgKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Student_nsn_key" ON "Student"("nsn");

-- CreateIndex
CREATE INDEX "Student_nameSearch_idx" ON "Student"("nameSearch");

-- CreateIndex
CREATE INDEX "Enrolment_schoolId_studentId_idx" ON "Enrolment"("schoolId", "studentId");

-- CreateIndex
CREATE INDEX "Enrolment_studentId_schoolId_idx" ON "Enrolment"("studentId", "schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_studentId_schoolId_startDate_key" ON "Enrolment"("studentId", "schoolId", "startDate");

-- CreateIndex
CREATE UNIQUE INDEX "Request_number_key" ON "Request"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Request_caseReference_key" ON "Request"("caseReference");

-- CreateIndex
CREATE INDEX "Request_createdById_status_updatedAt_idx" ON "Request"("createdById", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Request_schoolId_status_idx" ON "Request"("schoolId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Case_reference_key" ON "Case"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Case_requestNumber_key" ON "Case"("requestNumber");

-- CreateIndex
CREATE INDEX "Case_currentSchoolId_closedAt_openedAt_idx" ON "Case"("currentSchoolId", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_providerId_closedAt_openedAt_idx" ON "Case"("providerId", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_providerId_ownerId_closedAt_openedAt_idx" ON "Case"("providerId", "ownerId", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_ownerId_closedAt_openedAt_idx" ON "Case"("ownerId", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_primaryContactId_closedAt_openedAt_idx" ON "Case"("primaryContactId", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_primaryContactId_leftReferringSchool_closedAt_openedAt_idx" ON "Case"("primaryContactId", "leftReferringSchool", "closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Case_studentId_idx" ON "Case"("studentId");

-- CreateIndex
CREATE INDEX "Case_learnerSearch_idx" ON "Case"("learnerSearch");

-- CreateIndex
CREATE INDEX "Comment_caseId_createdAt_idx" ON "Comment"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseFile_storageKey_key" ON "CaseFile"("storageKey");

-- CreateIndex
CREATE INDEX "CaseFile_caseId_createdAt_idx" ON "CaseFile"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceReferral_number_key" ON "ServiceReferral"("number");

-- CreateIndex
CREATE INDEX "ServiceReferral_caseId_date_idx" ON "ServiceReferral"("caseId", "date");

-- CreateIndex
CREATE INDEX "TimelineEvent_caseId_createdAt_idx" ON "TimelineEvent"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_idempotencyKey_key" ON "EmailMessage"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_messageId_key" ON "EmailMessage"("messageId");

-- CreateIndex
CREATE INDEX "EmailMessage_caseReference_createdAt_idx" ON "EmailMessage"("caseReference", "createdAt");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

