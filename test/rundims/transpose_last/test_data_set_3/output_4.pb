BzminJT
;