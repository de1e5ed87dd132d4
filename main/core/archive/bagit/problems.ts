/** What can be wrong with a bag, as the reader finds it (each maps to one DA/T 70 property in checks). */
export type BagProblemCode =
  | 'bagit-missing' // no bagit.txt
  | 'bagit-bom' // bagit.txt starts with a byte-order mark
  | 'bagit-malformed' // bagit.txt lines, version format, missing encoding line
  | 'bagit-version' // a version this reader does not know
  | 'encoding-unsupported' // Tag-File-Character-Encoding names an encoding we cannot decode
  | 'tag-undecodable' // a tag file is not valid in the declared encoding
  | 'data-missing' // no data/ directory
  | 'manifest-missing' // no payload manifest in a supported algorithm
  | 'manifest-malformed' // a manifest line that is not `digest path`
  | 'manifest-scope' // a payload manifest naming a tag file, or a tag manifest naming payload
  | 'manifest-duplicate' // the same file listed twice in one manifest
  | 'path-unsafe' // ../, absolute or ~ path in a manifest
  | 'fetch-unsafe' // same, in fetch.txt
  | 'fetch-malformed'
  | 'fetch-incomplete' // a fetch.txt file not present: the bag is not complete
  | 'payload-missing' // listed in a payload manifest, not in data/
  | 'payload-unlisted' // in data/, absent from a payload manifest
  | 'tag-missing' // listed in a tag manifest, not in the bag
  | 'digest-mismatch' // payload file digest differs from its manifest
  | 'tag-digest-mismatch' // tag file digest differs from its tag manifest
  | 'oxum-mismatch' // Payload-Oxum disagrees with data/
  | 'bag-info-malformed'
  | 'normalization-clash' // two files whose names differ only in Unicode normalization
  | 'symlink'; // links are never followed out of a bag

export interface BagProblem {
  code: BagProblemCode;
  path?: string;
  detail: string;
}
