// Search attributes kept current on every case workflow, so an operator can find any case in
// Temporal's Web UI. Deliberately no student data: search attributes are not encrypted.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseReference = defineSearchAttributeKey('CaseReference', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const SchoolId = defineSearchAttributeKey('SchoolId', SearchAttributeType.KEYWORD);
export const ProviderId = defineSearchAttributeKey('ProviderId', SearchAttributeType.KEYWORD);
export const CaseOwner = defineSearchAttributeKey('CaseOwner', SearchAttributeType.KEYWORD);

export const caseSearchAttributes = [CaseReference, CaseStatus, SchoolId, ProviderId, CaseOwner];
