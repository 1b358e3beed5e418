// PolicyCheck
